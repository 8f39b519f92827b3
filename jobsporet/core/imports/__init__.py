"""Spreadsheet import: read a CSV file, validate every row, then write all of it or nothing.

The toolkit lives here in the core; each app that owns data provides its importer (a subclass of
base.Importer) and registry.KINDS names them in import order, so the apps depend on the core and
not the other way round.
"""
