#!/usr/bin/env bash
# bench/sheet.sh N OUT: a CSV sheet of N rows for the submit benchmarks, with
# distinct wallets ending 42 (no sandbox failure rule applies to them).
set -euo pipefail
awk -v N="$1" 'BEGIN{print "reference,name,provider,wallet,amount";
  split("bkash nagad rocket",p," "); for(i=0;i<N;i++){pr=p[i%3+1];
  w=sprintf("017%06d42",i); if(pr=="rocket") w=w "7";
  printf "EMP-%06d,Person %d,%s,%s,%d\n",i,i,pr,w,100+(i*37)%900}}' >"$2"
