"""Deprecated: the validator is :mod:`conflictdata.validation`; :func:`conflictdata.validate`
is unchanged. ``from conflictdata.validate import CODES, Report, validate`` works for one more
library release, each name with a :class:`DeprecationWarning`."""

from conflictdata._deprecated import install_shim

install_shim(__name__, "conflictdata.validation", "validate")
