1 # end
