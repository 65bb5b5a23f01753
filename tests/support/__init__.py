"""Helpers shared by the tests, tools/ and benchmarks/.

- ``tests.support.tmux``: drive a program in a real terminal (a private tmux server).

tools/ and benchmarks/ run as scripts from the repository root; they put the root
on ``sys.path`` to import these.
"""
