"""Spreadsheet import: read a CSV file, validate every row, then write all of it or nothing.

The toolkit lives here in the core: reading (the file to rows), values (parsing a cell; a
parser raises ValueProblem), base (the Importer contract and its runner; every problem becomes a
RowError naming line and column, and ImportRefused lists them), lookups (word lists, programmes
by slug) and saving (validated single-model writes). Each app that owns data provides its
importer (a subclass of base.Importer) and registry.IMPORTERS names them in import order, so the
apps depend on the core and not the other way round.
"""
