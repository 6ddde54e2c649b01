with {}; a ? b.c.d
