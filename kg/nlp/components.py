"""kg's own spaCy pipeline components (registered on import)."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal

from spacy.language import Language
from spacy.tokens import Doc

_PR_SET_PDEATHSIG = 1
_guarded: int | None = None
"""The process that has asked (a forked worker inherits the value, not the request)."""


def _end_with_parent() -> None:
    """In a worker process (`--workers N`: the build forks them), ask Linux to kill this process
    when its parent dies, so that a build killed with SIGKILL leaves no worker behind."""
    global _guarded
    _guarded = os.getpid()
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: workers end when their pipe closes
        return
    if not parent.is_alive():
        signal.raise_signal(signal.SIGKILL)


@Language.component("kg_newline_sentences", assigns=["token.is_sent_start"])
def newline_sentences(doc: Doc) -> Doc:
    """A line break always ends a sentence (headlines and datelines carry no full stop)."""
    if _guarded != os.getpid():
        _end_with_parent()
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if not token.is_space and previous.is_space and "\n" in previous.text:
            token.is_sent_start = True
    return doc
