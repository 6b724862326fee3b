/// A numpy reference of an exported convolutional model (`ConvModelArchive`): it reads
/// model.json and the NPY tensors and recomputes the outputs (logits or maps) of examples
/// with plain numpy (each input's C×H×W slice of an example's features, direct convolution
/// by kernel offsets, BN in eval mode, the exported gate, pooling, flatten, additions,
/// channel concatenation), independent of marvdash's im2col/GEMM path.
/// Usage: python3 -c SCRIPT MODEL_DIR INPUTS.npy OUT.npy
enum ConvNumpyReference {
    static let script = """
    import json, sys
    import numpy as np
    d, xpath, outpath = sys.argv[1:4]
    m = json.load(open(d + '/model.json'))
    eps = m['bn_epsilon']
    x = np.load(xpath).astype(np.float64)
    B = x.shape[0]
    flat = x.reshape(B, -1)
    inputs = m.get('inputs', [{'node': 0, 'shape': m['input']}])
    offsets = {}
    at = 0
    for i in inputs:
        c, h, w = i['shape']
        offsets[i['node']] = (at, (c, h, w))
        at += c * h * w
    assert at == flat.shape[1], 'features do not match the inputs'
    def t(n, name):
        return np.load('%s/node%d_%s.npy' % (d, n, name)).astype(np.float64)
    def chan(v):
        return v[None, :, None, None]
    outs = []
    for n, node in enumerate(m['nodes']):
        op = node['op']
        if op == 'input':
            start, (c, h, w) = offsets[n]
            y = flat[:, start:start + c * h * w].reshape(B, c, h, w)
        elif op == 'conv':
            a = outs[node['inputs'][0]]
            w = t(n, 'w'); k = node['kernel']; s = node['stride']; p = node['padding']
            a = np.pad(a, ((0, 0), (0, 0), (p, p), (p, p)))
            B, C, H, W = a.shape
            Ho = (H - k) // s + 1; Wo = (W - k) // s + 1
            y = np.zeros((B, w.shape[0], Ho, Wo))
            for ky in range(k):
                for kx in range(k):
                    patch = a[:, :, ky:ky + s * (Ho - 1) + 1:s, kx:kx + s * (Wo - 1) + 1:s]
                    y += np.einsum('bchw,oc->bohw', patch, w[:, :, ky, kx])
            if node['batch_norm']:
                y = (y - chan(t(n, 'bn_mean'))) / np.sqrt(chan(t(n, 'bn_var')) + eps) * chan(t(n, 'bn_gamma')) + chan(t(n, 'bn_beta'))
            else:
                y = y + chan(t(n, 'b'))
            if node['gated']:
                y = y * chan(t(n, 'gate'))
            if node['relu']:
                y = np.maximum(y, 0)
        elif op in ('max_pool', 'avg_pool'):
            a = outs[node['inputs'][0]]; k = node['kernel']; s = node['stride']
            B, C, H, W = a.shape
            Ho = (H - k) // s + 1; Wo = (W - k) // s + 1
            win = np.stack([a[:, :, ky:ky + s * (Ho - 1) + 1:s, kx:kx + s * (Wo - 1) + 1:s] for ky in range(k) for kx in range(k)])
            y = win.max(0) if op == 'max_pool' else win.mean(0)
        elif op == 'global_avg_pool':
            y = outs[node['inputs'][0]].mean(axis=(2, 3), keepdims=True)
        elif op == 'flatten':
            a = outs[node['inputs'][0]]
            y = a.reshape(a.shape[0], -1, 1, 1)
        elif op == 'add':
            y = sum(outs[i] for i in node['inputs'])
            if node['relu']:
                y = np.maximum(y, 0)
        elif op == 'relu':
            y = np.maximum(outs[node['inputs'][0]], 0)
        elif op == 'concat':
            y = np.concatenate([outs[i] for i in node['inputs']], axis=1)
        else:
            sys.exit('unknown op ' + op)
        outs.append(y)
    np.save(outpath, outs[-1].reshape(x.shape[0], -1).astype(np.float32))
    print('ok')
    """
}
