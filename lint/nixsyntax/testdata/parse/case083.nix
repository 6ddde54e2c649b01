http://example.org/a?b=c&d
