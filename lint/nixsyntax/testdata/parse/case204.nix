with {}; { a = __curPos; }
