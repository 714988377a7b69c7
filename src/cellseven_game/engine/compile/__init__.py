"""YAML files -> located nodes -> the checked, frozen story model.

`yamlnodes` reads a file into located nodes; `reader` reads them typed; `spec` declares the format
(and `schema` builds the JSON Schema from it); `loader` builds and checks the model; `cache` keeps
checked stories. Never imports `play`: compiling a story runs none of it."""
