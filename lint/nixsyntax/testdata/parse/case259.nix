with {}; [ a ./b c ]
