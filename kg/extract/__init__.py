"""extract: a report's text → an Extraction (entities, relations, targets, achievements).

pipeline chains the stages, one way: read → clean → segment → recognise (the rule families, then
quoted names, learned open-class candidates, names other reports are sure of; guards; names
inside names) → relate → quantify. Stages import only the stages before them and the helpers
below them: scope (action scopes), the name boundaries, the lexicon, words, text and rules (the
rule files of kg/resources/). Imports the model and errors; never evaluation, graph, views,
build, api or cli.
"""
