"""The language server for authors' editors (`cellseven lsp`); needs the `lsp` extra (pygls).

Only the `lsp` command imports this package's server: nothing else needs pygls.
"""
