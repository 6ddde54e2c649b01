with {}; [ a-b a'b a_b ]
