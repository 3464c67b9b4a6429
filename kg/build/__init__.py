"""build: the pipeline run over many reports into a new store generation.

extract_reports (report files → N-Quads in worker processes, as one corpus), workers (the process
pools and Ctrl-C), build (build, add and remove, with graph.trig, graph.html and the name index
switched in with the store). Imports views (to draw graph.html), graph and below; never api or cli.
"""
