with {}; (a.b or c).d
