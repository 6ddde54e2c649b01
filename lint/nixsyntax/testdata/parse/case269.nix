with {}; "a\
b"
