"""Developer tools that measure quality, kept out of the installed package (run from the repository root).

make eval                      # python -m evaluation.extraction: extraction quality per dataset and system
python -m evaluation.search    # precision and recall of `corpus search` on labelled queries
"""
