"""conflictdata on a Dask cluster: read, validate and export records too many for one process.

Needs the ``dask`` extra (``dask[dataframe]`` and ``distributed``), imported only when these
functions run. Each function takes the cluster as ``client=`` (a ``distributed.Client``),
or as ``address=`` (a scheduler's address, connected to for the call and closed after), or
else uses the current default client. The files named must be at the same paths on the
workers as here (a shared file system, or a local cluster): workers read their part of each
file themselves, and never hold the whole input.

- :func:`read_release` and :func:`read_parquet`: the records of a release folder, or a
  Parquet export (partitioned or not), as one Dask DataFrame per record kind
  (:class:`~conflictdata.frames.Frames`), with the columns of
  :data:`conflictdata.frames.COLUMNS`.
- :func:`validate`: :func:`conflictdata.validate` with the chunks of the files checked on the
  workers; the report is the one-process report, as the checks across records (unique ids,
  references, spans of sources listed in other chunks) are made here from what the workers
  found in each chunk (ids, references, spans: not the records).
- :func:`select`: the records of a Parquet export that meet :mod:`conflictdata.filters`
  criteria, one Dask DataFrame per kind; date criteria read only the hive partitions that may
  hold a match.
- :func:`write_parquet`: a release, or Dask DataFrames of records (such as :func:`select`
  gives), exported to (partitioned) Parquet by the workers, each writing the part files of its
  share of the records; the folder appears when complete.
"""

from __future__ import annotations

from conflictdata.dask._cluster import connected
from conflictdata.dask._filter import select
from conflictdata.dask._tables import read_parquet, read_release, write_parquet
from conflictdata.dask._validate import validate

__all__ = ["connected", "read_parquet", "read_release", "select", "validate", "write_parquet"]
