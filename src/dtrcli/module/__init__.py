"""The module over time: mentees' profiles and key dates, the module's weeks, what is
due, and follow-ups carried from one conversation to the next."""
