"""Campaigns: many near-identical letters recognised as one text sent by many senders."""
