"""Outcomes of rounds: syntheses, recommendations, their follow-up and their flow between levels."""
