"""The analysis vocabularies, as data: event words, context, dates, facts, time, topics."""
