"""evaluation: the extraction scored against the gold files (evaluate), and the learned
open-class model fitted to them (train). Imports extract, the model and errors; the extraction
never imports it.
"""
