with {}; a ? b ++ c
