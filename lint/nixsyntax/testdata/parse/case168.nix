with {}; a * !b + c
