import json,glob,collections,csv,sys
d=sys.argv[1]
rows=[];seen=set()
for f in sorted(glob.glob(d+'/res-*.json')):
    try: r=json.load(open(f))
    except Exception: continue
    for x in r.get('findings',[]):
        L=x['location']
        k=(x.get('check'),L['file'],L['line'],L['column'],x.get('message'))
        if k in seen: continue
        seen.add(k)
        proj=L['file'].split('/work/corpus/src/')[-1].split('/')[0] if '/work/corpus/src/' in L['file'] else 'system'
        notes=' | '.join('%s:%d:%d: %s'%(n['location']['file'].replace('/work/corpus/src/',''),n['location']['line'],n['location']['column'],n['message']) for n in x.get('notes',[]))
        rows.append([proj, r.get('file',''), L['file'], L['line'], L['column'], x['check'], x['message'], notes])
rows.sort(key=lambda r:(r[5],r[2],r[3]))
with open(sys.argv[2],'w',newline='') as f:
    w=csv.writer(f,delimiter='\t'); w.writerow(['project','first_tu','file','line','col','check','message','notes']); w.writerows(rows)
print(len(rows))
c=collections.Counter((r[5],r[0]) for r in rows)
for k,v in sorted(c.items()): print(k,v)
