"""The commands of the command line, one module each, with ``main(argv, *, stdin, stdout) -> int``.

``clean`` is the filter (``cleanse [FILE ...]``); ``check``, ``report`` and
``learn`` are the subcommands. ``options`` holds what they share: the input
and rule options and the cleaner they ask for. ``cleanse.cli`` only picks the
command; nothing here imports from it.
"""
