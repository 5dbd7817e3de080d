"""Text: sentences and words as character-offset spans, names of people and organisations,
lexicons (data files) and their matcher, TextBlob's sentiment computed exactly, TF-IDF vectors."""
