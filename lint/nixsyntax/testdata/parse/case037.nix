"unicode é ü 日本"
