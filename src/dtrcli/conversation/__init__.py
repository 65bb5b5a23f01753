"""A conversation: templates -> questions -> the interview (or an answers file) ->
a held conversation saved as a note."""
