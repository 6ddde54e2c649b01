with {}; [ a1 _ __a ]
