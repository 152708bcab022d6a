"""Reporting verbs: the lemmas that attribute words to a speaker (`kg:cue`).

`SPEECH` are verbs of saying and writing: quoted words next to one are a statement even when the
parse finds no subject. `CUES` adds verbs of thinking, knowing and judging that PolNeAR's
annotators also mark as attributions when they take a clause (`Trump believes that ...`).
Both lists were drawn from the cue words of PolNeAR's training split (not its dev split, which
`kg eval` reports on) and from the verbs of saying that English news uses.
"""

from __future__ import annotations

SPEECH = frozenset(
    """
    acknowledge add admit affirm agree allege announce answer argue ask assert assure blog
    boast brag caution charge cite claim comment complain concede conclude concur confirm
    contend continue counter declare demand deny describe disclose email emphasise emphasize
    estimate exclaim explain inform insist interject joke lament maintain mention muse
    mutter note notice object observe opine pledge post predict proclaim promise propose
    protest question quote recall recount reiterate remark remind repeat reply report
    respond retort reveal say scream shout speculate state stress suggest tell testify text
    tout tweet urge vow warn whisper wonder write yell
    """.split()  # noqa: SIM905
) | {"point out"}

CUES = SPEECH | frozenset(
    """
    accept assume believe decide deem determine doubt expect fear feel figure find guess
    hear hope imagine indicate know learn read realise realize reckon recognise recognize
    see sense show suspect think understand worry
    """.split()  # noqa: SIM905
)

FRAGMENT = frozenset(
    """
    accuse blast brand call chant characterise characterize cite condemn criticise criticize
    decry demand denounce deride describe dismiss dub hail insist label mock pledge portray
    praise predict promise quote recall refer seek slam term tweet urge vow warn
    """.split()  # noqa: SIM905
)
"""Verbs that report words by quoting a fragment of them rather than a clause: `Obama called
inversions "unpatriotic"`, `Hollande denounced the remarks as "hurtful"`."""
