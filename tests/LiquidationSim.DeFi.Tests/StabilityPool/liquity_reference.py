# Independent re-derivation, in Python big integers, of the liquity/dev contract lines the C# model follows
# (commit bf638ecba62dce275ee7f9d7e74c0f3ecacbfd14: StabilityPool.sol offset/deposit arithmetic, TroveManager.sol
# liquidation sequences, redistribution, stakes and snapshots). The "Python derivation" values in the tests of this
# folder come from here; it shares no code with the C# implementation. Run: python3 liquity_reference.py

DP=10**18; SF=10**9
def open_debt(total):  # testHelpers.getOpenTroveLUSDAmount then openTrove with 0.5% fee, +200 reserve
    actual = total - 200*DP
    net = actual*DP//(DP+5*10**15)
    fee = 5*10**15*net//DP
    return net+fee+200*DP
class SP:
    def __init__(s):
        s.P=DP; s.scale=0; s.epoch=0; s.S={}; s.eE=0; s.lE=0; s.tot=0; s.deps={}
    def sum(s,e,c): return s.S.get((e,c),0)
    def offset(s,debt,coll):
        tot=s.tot
        if tot==0 or debt==0: return
        num=coll*DP+s.eE
        if debt==tot: loss=DP; s.lE=0
        else:
            ln=debt*DP-s.lE; loss=ln//tot+1; s.lE=loss*tot-ln
        g=num//tot; s.eE=num-g*tot
        s.S[(s.epoch,s.scale)]=s.sum(s.epoch,s.scale)+g*s.P
        f=DP-loss
        if f==0: s.epoch+=1; s.scale=0; s.P=DP
        elif s.P*f//DP<SF: s.P=s.P*f*SF//DP; s.scale+=1
        else: s.P=s.P*f//DP
        assert s.P>0
        s.tot-=debt
    def comp(s,d):
        if d not in s.deps: return 0
        v,P0,S0,sc,ep=s.deps[d]
        if ep<s.epoch: return 0
        diff=s.scale-sc
        c = v*s.P//P0 if diff==0 else (v*s.P//P0//SF if diff==1 else 0)
        return 0 if c < v//SF else c
    def gain(s,d):
        if d not in s.deps: return 0
        v,P0,S0,sc,ep=s.deps[d]
        return v*((s.sum(ep,sc)-S0)+s.sum(ep,sc+1)//SF)//P0//DP
    def setdep(s,d,v):
        if v==0: s.deps.pop(d,None)
        else: s.deps[d]=(v,s.P,s.sum(s.epoch,s.scale),s.scale,s.epoch)
    def provide(s,d,a):
        g=s.gain(d); c=s.comp(d); s.tot+=a; s.setdep(d,c+a); return g
    def withdraw(s,d,a):
        g=s.gain(d); c=s.comp(d); w=min(a,c); s.tot-=w; s.setdep(d,c-w); return (w,g)
def liq_normal(sp, coll, debt):  # single normal-mode liquidation, pool only (no redistribution when pool covers)
    gas=coll//200; cl=coll-gas
    if sp.tot>0:
        off=min(debt,sp.tot); csp=cl*off//debt
    else: off=0; csp=0
    sp.offset(off,csp)
    return (debt-off, cl-csp)

class TM:
    def __init__(s):
        s.tr={}; s.ts=0; s.tss=0; s.tcs=0; s.LE=0; s.LD=0; s.eE=0; s.eD=0; s.aE=0; s.aD=0; s.dE=0; s.dD=0; s.sp=SP()
    def stake(s,c): return c if s.tcs==0 else c*s.tss//s.tcs
    def open(s,o,c,d):
        st=s.stake(c); s.tr[o]=[c,d,st,s.LE,s.LD]; s.ts+=st; s.aE+=c; s.aD+=d
    def pend(s,o):
        c,d,st,se,sd=s.tr[o]
        pe = 0 if s.LE-se==0 else st*(s.LE-se)//DP
        pd = 0 if s.LD-sd==0 else st*(s.LD-sd)//DP
        return pe,pd
    def entire(s,o):
        pe,pd=s.pend(o); return s.tr[o][0]+pe, s.tr[o][1]+pd
    def liquidate(s,o):  # normal mode single
        c,d=s.entire(o); pe,pd=s.pend(o)
        s.dD-=pd; s.aD+=pd; s.dE-=pe; s.aE+=pe
        s.ts-=s.tr[o][2]; del s.tr[o]
        gas=c//200; cl=c-gas; L=s.sp.tot
        if L>0: off=min(d,L); csp=cl*off//d
        else: off=0; csp=0
        rd=d-off; rc=cl-csp
        if s.sp.tot>0 and off>0:
            s.sp.offset(off,csp); s.aD-=off; s.aE-=csp
        if rd>0:
            en=rc*DP+s.eE; dn=rd*DP+s.eD; pe_=en//s.ts; pd_=dn//s.ts; s.eE=en-pe_*s.ts; s.eD=dn-pd_*s.ts
            s.LE+=pe_; s.LD+=pd_; s.aD-=rd; s.dD+=rd; s.aE-=rc; s.dE+=rc
        s.tss=s.ts; s.tcs=s.aE-gas+s.dE
        s.aE-=gas
        return dict(coll=c,debt=d,gas=gas,off=off,csp=csp,rd=rd,rc=rc)
def icr_trove(icr_pct):
    lusd = 1800*DP*DP//(DP+5*10**15)+1
    total = lusd + 5*10**15*lusd//DP + 200*DP
    coll = icr_pct*10**16*total//(200*DP)
    return coll,total
MCR=11*10**17; CCR=15*10**17
def cr(c,d,p): return 2**256-1 if d==0 else c*p//d
def open_extra(icr_pct, extra, price=200*DP):
    lusd = 1800*DP*DP//(DP+5*10**15)+1 + extra
    total = lusd + 5*10**15*lusd//DP + 200*DP
    coll = icr_pct*10**16*total//price
    return coll,total
def sequence(t, order, price, n=10**9, batch=False):
    sysC=t.aE+t.dE; sysD=t.aD+t.dD
    rec = cr(sysC,sysD,price) < CCR
    rem=t.sp.tot; back=False; tot=dict(coll=0,debt=0,gas=0,lgas=0,off=0,csp=0,rd=0,rc=0,sur=0); outs=[]; surplus={}
    def single(o, kind, icr, tcr):
        c,d=t.entire(o); pe,pd=t.pend(o)
        gas=c//200; cl=c-gas
        if kind=='rec':
            if len(t.tr)<=1: return None
            if icr<=DP: vals=(0,0,d,cl,gas,0)
            elif icr<MCR:
                off=min(d,rem) if rem>0 else 0; csp=cl*off//d if rem>0 else 0; vals=(off,csp,d-off,cl-csp,gas,0)
            elif icr<tcr and d<=rem:
                cto=d*MCR//price; g=cto//200; vals=(d,cto-g,0,0,g,c-cto); surplus[o]=c-cto
            else: return None
        else:
            off=min(d,rem) if rem>0 else 0; csp=cl*off//d if rem>0 else 0; vals=(off,csp,d-off,cl-csp,gas,0)
        t.dD-=pd; t.aD+=pd; t.dE-=pe; t.aE+=pe; t.ts-=t.tr[o][2]; del t.tr[o]
        off,csp,rd,rc,g,sur=vals
        for k,v in zip(['coll','debt','gas','lgas','off','csp','rd','rc','sur'],[c,d,g,200*DP,off,csp,rd,rc,sur]): tot[k]+=v
        outs.append((o,vals)); return vals
    if rec:
        lst = order[:-1] if not batch else order
        for i,o in enumerate(lst):
            if i>=n: break
            if o not in t.tr: continue
            icr=cr(t.entire(o)[0], t.entire(o)[1], price)
            if not back:
                if icr>=MCR and rem==0:
                    if batch: continue
                    break
                v=single(o,'rec',icr,cr(sysC,sysD,price))
                if v:
                    rem-=v[0]; sysD-=v[0]; sysC-=v[1]+(0 if batch else v[5])
                back = cr(sysC,sysD,price) >= CCR
            elif icr<MCR:
                v=single(o,'norm',icr,0); rem-=v[0]
            else:
                if batch: continue
                break
    else:
        for i,o in enumerate(order):
            if i>=n: break
            if o not in t.tr: continue
            icr=cr(t.entire(o)[0], t.entire(o)[1], price)
            if icr<MCR:
                v=single(o,'norm',icr,0); rem-=v[0]
            elif not batch: break
    assert tot['debt']>0
    if tot['off']>0 and t.sp.tot>0:
        t.sp.offset(tot['off'],tot['csp']); t.aD-=tot['off']; t.aE-=tot['csp']
    if tot['rd']>0:
        en=tot['rc']*DP+t.eE; dn=tot['rd']*DP+t.eD; pe_=en//t.ts; pd_=dn//t.ts; t.eE=en-pe_*t.ts; t.eD=dn-pd_*t.ts
        t.LE+=pe_; t.LD+=pd_; t.aD-=tot['rd']; t.dD+=tot['rd']; t.aE-=tot['rc']; t.dE+=tot['rc']
    t.aE-=tot['sur']
    t.tss=t.ts; t.tcs=t.aE-tot['gas']+t.dE; t.aE-=tot['gas']
    return rec,tot,outs,surplus

if __name__ == '__main__':
    sp = SP(); sp.provide('A', 100 * DP); sp.provide('B', 200 * DP); sp.provide('C', 300 * DP)
    sp.offset(150 * DP, 16 * 10**17)
    print('README T1: P', sp.P, 'A', sp.comp('A'), sp.gain('A'))
