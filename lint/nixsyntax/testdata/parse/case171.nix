with {}; -f x
