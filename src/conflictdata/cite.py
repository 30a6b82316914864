"""Deprecated: the citations are :mod:`conflictdata.citation`; :func:`conflictdata.cite` is
unchanged. This path works for one more library release, with a :class:`DeprecationWarning`."""

from conflictdata._deprecated import install_shim

install_shim(__name__, "conflictdata.citation", "cite")
