https://x.org/~a/b.tar.gz
