"""Everything that makes Chinese search find things: user dictionary, segmentation, pinyin,
the index post-processing and the query segmenter shipped with the search worker."""
