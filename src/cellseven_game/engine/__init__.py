"""The story engine, in the order a story travels: `core` (what every stage shares),
`compile` (YAML files -> located nodes -> the checked model), `play` (the model -> one
State), `persist` (the State on disk) and `tools` (authors' tools). Never imports
Textual nor any front end (tests/test_imports.py)."""
