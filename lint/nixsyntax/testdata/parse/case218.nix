with {};f{a=1;}
