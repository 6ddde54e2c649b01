with {}; a ++ b * c
