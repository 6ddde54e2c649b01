''  spaces before''
