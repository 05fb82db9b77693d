// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {PhaseGovernance} from "./PhaseGovernance.sol";

/// @title Access-rights registry
/// @notice Who holds how many access rights in which series. Updated only by settlement
///         batches (the vault holds UPDATER_ROLE): mints, trades and burns netted per holder.
///         Readable by anyone. A series must be registered (by a batch) before rights in it
///         change; registering a phase-3+ kind needs the governance vote for that phase.
contract AccessRightsRegistry is AccessControl {
    bytes32 public constant UPDATER_ROLE = keccak256("UPDATER_ROLE");

    /// Series kinds, as the engine numbers them.
    uint8 public constant KIND_SPOT = 1;
    uint8 public constant KIND_FORWARD = 2;
    uint8 public constant KIND_SYNTHETIC = 3;
    uint8 public constant KIND_CALL = 4;
    uint8 public constant KIND_PUT = 5;

    struct SeriesListing {
        uint64 seriesId;
        uint8 kind;
        /// The contract key, e.g. "AUTO_INTENT|7D|0.70-0.85", with its window start.
        string contractKey;
    }

    struct RightsChange {
        uint64 seriesId;
        address holder;
        int256 delta;
    }

    PhaseGovernance public immutable governance;
    /// seriesKind[seriesId]: 0 = not registered.
    mapping(uint64 => uint8) public seriesKind;
    /// rightsOf[seriesId][holder]
    mapping(uint64 => mapping(address => uint256)) public rightsOf;
    /// Rights outstanding per series (minted minus burned).
    mapping(uint64 => uint256) public supplyOf;
    /// The Merkle root of the access grants a settlement batch covers (OpenZeppelin's standard
    /// tree: leaf = keccak256(keccak256(abi.encode(grant fields)))), and how many it holds.
    mapping(uint64 => bytes32) public grantsRoot;
    mapping(uint64 => uint64) public grantCount;

    error ZeroAddress();
    error InvalidSeriesKind(uint64 seriesId, uint8 kind);
    error SeriesAlreadyRegistered(uint64 seriesId);
    error UnknownSeries(uint64 seriesId);
    error PhaseNotEnabled(uint64 seriesId, uint8 kind, uint8 requiredPhase);
    error InsufficientRights(uint64 seriesId, address holder, uint256 held, int256 delta);

    event SeriesRegistered(uint64 indexed seriesId, uint8 kind, string contractKey);
    event GrantsCommitted(uint64 indexed batchId, bytes32 root, uint64 count);

    error GrantsAlreadyCommitted(uint64 batchId);

    constructor(address admin, PhaseGovernance governance_) {
        if (admin == address(0) || address(governance_) == address(0)) revert ZeroAddress();
        governance = governance_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @notice The phase a series kind needs: synthetics phase 3, options phase 4, others none.
    function requiredPhase(uint8 kind) public pure returns (uint8) {
        if (kind == KIND_SYNTHETIC) return 3;
        if (kind == KIND_CALL || kind == KIND_PUT) return 4;
        return 0;
    }

    /// @notice Commits a batch's access grants (once per batch).
    function commitGrants(uint64 batchId, bytes32 root, uint64 count) external onlyRole(UPDATER_ROLE) {
        if (grantsRoot[batchId] != bytes32(0)) revert GrantsAlreadyCommitted(batchId);
        grantsRoot[batchId] = root;
        grantCount[batchId] = count;
        emit GrantsCommitted(batchId, root, count);
    }

    /// @notice Whether a grant (its leaf, see grantsRoot) is in a batch's committed grants.
    function isGrantCommitted(uint64 batchId, bytes32 leaf, bytes32[] calldata proof) external view returns (bool) {
        bytes32 root = grantsRoot[batchId];
        return root != bytes32(0) && MerkleProof.verifyCalldata(proof, root, leaf);
    }

    /// @notice Registers series, then applies rights changes. Reverts as a whole on any bad entry.
    function applyChanges(SeriesListing[] calldata listings, RightsChange[] calldata changes)
        external
        onlyRole(UPDATER_ROLE)
    {
        for (uint256 i = 0; i < listings.length; i++) {
            SeriesListing calldata l = listings[i];
            if (l.kind < KIND_SPOT || l.kind > KIND_PUT) revert InvalidSeriesKind(l.seriesId, l.kind);
            if (seriesKind[l.seriesId] != 0) revert SeriesAlreadyRegistered(l.seriesId);
            uint8 needed = requiredPhase(l.kind);
            if (needed != 0 && !governance.isPhaseEnabled(needed)) revert PhaseNotEnabled(l.seriesId, l.kind, needed);
            seriesKind[l.seriesId] = l.kind;
            emit SeriesRegistered(l.seriesId, l.kind, l.contractKey);
        }
        for (uint256 i = 0; i < changes.length; i++) {
            RightsChange calldata c = changes[i];
            if (seriesKind[c.seriesId] == 0) revert UnknownSeries(c.seriesId);
            if (c.holder == address(0)) revert ZeroAddress();
            uint256 held = rightsOf[c.seriesId][c.holder];
            if (c.delta >= 0) {
                rightsOf[c.seriesId][c.holder] = held + uint256(c.delta);
                supplyOf[c.seriesId] += uint256(c.delta);
            } else {
                uint256 taken = uint256(-c.delta);
                if (taken > held) revert InsufficientRights(c.seriesId, c.holder, held, c.delta);
                rightsOf[c.seriesId][c.holder] = held - taken;
                supplyOf[c.seriesId] -= taken;
            }
        }
    }
}
