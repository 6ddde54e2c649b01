"a$b"
