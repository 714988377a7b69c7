"""Authors' tools over a compiled story: the graph checks and `explore`, story tests
(playthroughs), the graph for diagram tools, and `play --dev`'s reload."""
