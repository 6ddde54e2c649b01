with {}; (-x) y
