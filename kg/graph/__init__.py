"""graph: the extraction as RDF, and the store that holds it.

rdf (extraction → quads), namespace (the ontology's terms), validate (SHACL), store and generations
(the on-disk store of an output folder, switched whole), names (its name index), name_match (the
one matcher of names every command uses), query,
named_queries and query_output (read-only SPARQL), endpoint and serve (the store over HTTP, and
push to another store). Imports the extraction modules, the model and errors; never views, build,
api or cli.
"""
