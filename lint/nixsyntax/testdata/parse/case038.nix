with {}; "a${b}c"
