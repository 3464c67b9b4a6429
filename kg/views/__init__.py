"""views: what a person reads from the store.

store_view (the one reader of the store into a networkx view) and what stands on it: analytics
(stats, paths, related entities), export (RDF files, GraphML, csv), drawn_graph, layout and draw
(the offline page); lookup, entity_facts and lookup_text (`kg lookup`); chart and
ontology_doc. Imports graph and below; never build, api or cli.
"""
