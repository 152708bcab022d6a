"""Reading articles (`articles`) and their dates (`dates`): files in, `Article` and `Problem`
records out. No spaCy."""
