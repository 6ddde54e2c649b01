with {}; if-then
