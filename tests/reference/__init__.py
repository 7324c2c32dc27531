"""Tests of the oracles in nngrade.reference."""
