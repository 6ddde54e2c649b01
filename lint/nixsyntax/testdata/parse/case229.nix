{ pkgs, ... }: let x = 1; in { environment.systemPackages = with pkgs; [ git vim ]; }
