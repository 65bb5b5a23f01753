"""The program: a mentor's shared notes as one bundle, and a coordinator's roll-up of many."""
